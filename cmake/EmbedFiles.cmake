# pw_embed_files(<target> SYMBOL <fn> BASE_DIR <dir> FILES <abs paths...>)
# Compiles the files into <target> as a function `std::span<const pw::EmbeddedFile> <fn>()`
# (declared by the caller), so binaries carry their SQL migrations, OpenAPI document and,
# in release builds, the web console without depending on files next to the executable.
add_executable(pw_embed ${CMAKE_CURRENT_LIST_DIR}/embed_files.cpp)

function(pw_embed_files target)
  cmake_parse_arguments(ARG "" "SYMBOL;BASE_DIR" "FILES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${ARG_SYMBOL}_embedded.cpp)
  add_custom_command(OUTPUT ${out}
    COMMAND pw_embed ${out} ${ARG_SYMBOL} ${ARG_BASE_DIR} ${ARG_FILES}
    DEPENDS pw_embed ${ARG_FILES}
    COMMENT "Embedding ${ARG_SYMBOL}" VERBATIM)
  target_sources(${target} PRIVATE ${out})
  target_link_libraries(${target} PUBLIC pw_common_core)
endfunction()
