# Warnings, sanitizers and ccache for every project target.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

add_library(pw_warnings INTERFACE)
target_compile_options(pw_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor>
  $<$<AND:$<BOOL:${PRINTWARDEN_WERROR}>,$<CXX_COMPILER_ID:GNU,Clang>>:-Werror>)

if(PRINTWARDEN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Shorthand for project libraries: warnings on, sources beside the CMakeLists.
function(pw_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC} PRIVATE pw_warnings ${ARG_PRIVATE})
endfunction()

# GoogleTest executable registered with ctest under the given labels. Tests are found by
# scanning the sources at configure time (gtest_add_tests), so the labels can be set as a real
# list; gtest_discover_tests flattens a label list into separate property names.
function(pw_gtest name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE pw_warnings ${ARG_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  gtest_add_tests(TARGET ${name} SOURCES ${ARG_SOURCES} TEST_LIST tests)
  set_tests_properties(${tests} PROPERTIES LABELS "${ARG_LABELS}")
endfunction()
