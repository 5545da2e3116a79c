# SPDX-License-Identifier: BSD-3-Clause
# cmake -DPROGRAM=exe -DARGS=a,b -DOUTPUT=file [-DGZIP=file.gz] -P run-to-file.cmake
# Runs PROGRAM with ARGS (comma-separated) and its stdout written to OUTPUT, since a build
# step cannot redirect portably; with GZIP, also writes OUTPUT compressed without a name or
# time stamp (gzip -9n), as Debian policy wants man pages and changelogs. Without PROGRAM,
# only compresses OUTPUT.
if(NOT OUTPUT)
    message(FATAL_ERROR "run-to-file.cmake: OUTPUT is required")
endif()
if(PROGRAM)
    string(REPLACE "," ";" arguments "${ARGS}")
    execute_process(COMMAND "${PROGRAM}" ${arguments} OUTPUT_FILE "${OUTPUT}.part" RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        file(REMOVE "${OUTPUT}.part")
        message(FATAL_ERROR "run-to-file.cmake: ${PROGRAM} ${arguments} failed: ${status}")
    endif()
    file(RENAME "${OUTPUT}.part" "${OUTPUT}")
endif()
if(GZIP)
    execute_process(COMMAND gzip -9nc "${OUTPUT}" OUTPUT_FILE "${GZIP}" RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "run-to-file.cmake: gzip of ${OUTPUT} failed: ${status}")
    endif()
endif()
