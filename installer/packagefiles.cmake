# SPDX-License-Identifier: BSD-3-Clause
# What the package installs beside the binary and resources/: the batchlab(1) man page and the
# bash completion, both written at build time by the built binary from the command tables of
# app/commands/ (terminal sub-commands need no display), the copyright file and the changelog
# (man page and changelog gzip -9n, as Debian policy wants).
include(GNUInstallDirs)
set(batchlab_docs "${CMAKE_BINARY_DIR}/docs")
set(batchlab_run_to_file "${CMAKE_CURRENT_LIST_DIR}/run-to-file.cmake")
add_custom_command(OUTPUT "${batchlab_docs}/batchlab.1" "${batchlab_docs}/batchlab.1.gz"
    COMMAND "${CMAKE_COMMAND}" "-DPROGRAM=$<TARGET_FILE:batchlab>" -DARGS=help,--man
            "-DOUTPUT=${batchlab_docs}/batchlab.1" "-DGZIP=${batchlab_docs}/batchlab.1.gz"
            -P "${batchlab_run_to_file}"
    DEPENDS batchlab "${batchlab_run_to_file}"
    COMMENT "Writing the batchlab(1) man page"
    VERBATIM)
add_custom_command(OUTPUT "${batchlab_docs}/bash-completion/batchlab"
    COMMAND "${CMAKE_COMMAND}" "-DPROGRAM=$<TARGET_FILE:batchlab>" -DARGS=completion,bash
            "-DOUTPUT=${batchlab_docs}/bash-completion/batchlab" -P "${batchlab_run_to_file}"
    DEPENDS batchlab "${batchlab_run_to_file}"
    COMMENT "Writing the bash completion of batchlab"
    VERBATIM)
# A native package's changelog (lintian wants one); the date is the metainfo's release date.
file(CONFIGURE OUTPUT "${batchlab_docs}/changelog" CONTENT [[
batchlab (@PROJECT_VERSION@) unstable; urgency=medium

  * Built with CPack (make package): the workbench, its terminal sub-commands,
    the batchlab(1) man page, bash completion and the sample request sets.

 -- Batchlab developers <batchlab@example.invalid>  Sun, 29 Nov 2026 00:00:00 +0000
]] @ONLY)
add_custom_command(OUTPUT "${batchlab_docs}/changelog.gz"
    COMMAND "${CMAKE_COMMAND}" "-DOUTPUT=${batchlab_docs}/changelog" "-DGZIP=${batchlab_docs}/changelog.gz"
            -P "${batchlab_run_to_file}"
    DEPENDS "${batchlab_docs}/changelog" "${batchlab_run_to_file}"
    VERBATIM)
add_custom_target(batchlab_docs ALL
    DEPENDS "${batchlab_docs}/batchlab.1.gz" "${batchlab_docs}/bash-completion/batchlab"
            "${batchlab_docs}/changelog.gz")

install(FILES "${batchlab_docs}/batchlab.1.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES "${batchlab_docs}/bash-completion/batchlab"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions")
install(FILES "${CMAKE_CURRENT_LIST_DIR}/debian/copyright" "${batchlab_docs}/changelog.gz"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/batchlab")
