# baro_add_subdirectories(): adds every direct child folder that has a CMakeLists.txt, so a new
# module or venue is a new folder and nothing else.
function(baro_add_subdirectories)
  file(GLOB children LIST_DIRECTORIES true RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}
       ${CMAKE_CURRENT_SOURCE_DIR}/*)
  list(SORT children)
  foreach(child IN LISTS children)
    if(IS_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/${child}
       AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${child}/CMakeLists.txt)
      add_subdirectory(${child})
    endif()
  endforeach()
endfunction()

# baro_test(NAME name SOURCES ... LIBS ...): one GoogleTest executable registered with ctest.
# With BARO_TEST_ONLY set (a list of test names), only those tests are defined: the sanitizer
# build (`make test-sanitize`) uses it to build and run a chosen set of suites.
function(baro_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS" ${ARGN})
  if(BARO_TEST_ONLY AND NOT T_NAME IN_LIST BARO_TEST_ONLY)
    add_custom_target(${T_NAME})  # an empty name, so the test's other CMake lines still apply
    return()
  endif()
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${T_NAME} PRIVATE
    BARO_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    BARO_REFERENCE_DIR="${PROJECT_SOURCE_DIR}/../shared/reference"
    BARO_BINARY="$<TARGET_FILE_DIR:baro>/baro")
  gtest_discover_tests(${T_NAME} DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 30
                       PROPERTIES TIMEOUT 120)
endfunction()
