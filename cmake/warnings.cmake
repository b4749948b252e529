# Warnings apply to ecozone's own targets only.
function(ecozone_target_warnings target)
  # -Wconversion: narrowing numbers is done on purpose (static_cast) or not at all. (In C++ it leaves signed /
  # unsigned mixing to -Wsign-conversion, off here as in g++: sizes and indices mix by design; clang turns it on.)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wpedantic -Wconversion -Wno-sign-conversion
                                           -Wno-missing-field-initializers)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-restrict)  # g++ 12 false positives in std::string
  endif()
  if(ECOZONE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(ECOZONE_SANITIZE)
    # Every finding stops the program (UBSan would otherwise print and go on), so a test cannot pass over one.
    target_compile_options(${target} PRIVATE -fsanitize=${ECOZONE_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=${ECOZONE_SANITIZE} -fno-sanitize-recover=all)
  endif()
endfunction()
