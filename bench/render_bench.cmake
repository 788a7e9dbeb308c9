# render_bench: Markdown -> gemtext -> Gopher throughput (not a test; run it by hand).
add_executable(render_bench ${CMAKE_CURRENT_LIST_DIR}/render_bench.cpp)
target_link_libraries(render_bench PRIVATE smolpub_render)
