# SPDX-License-Identifier: BSD-3-Clause
# batchlab_target_defaults(<target>): the warnings and strict Qt string rules every
# Batchlab target builds with: no implicit conversions between QString, char* and QByteArray,
# so every text encoding is chosen on purpose.
function(batchlab_target_defaults target)
    target_compile_definitions(${target} PRIVATE
        QT_NO_CAST_FROM_ASCII
        QT_NO_CAST_TO_ASCII
        QT_NO_CAST_FROM_BYTEARRAY
        QT_NO_URL_CAST_FROM_STRING
        QT_USE_QSTRINGBUILDER
        QT_NO_FOREACH
        QT_NO_KEYWORDS)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
            -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual)
        if(BATCHLAB_WERROR)
            target_compile_options(${target} PRIVATE -Werror)
        endif()
    endif()
    if(BATCHLAB_SANITIZE)
        list(JOIN BATCHLAB_SANITIZE "," _san)
        target_compile_options(${target} PRIVATE -fsanitize=${_san} -fno-omit-frame-pointer)
        target_link_options(${target} PRIVATE -fsanitize=${_san})
    endif()
endfunction()
