# SPDX-License-Identifier: BSD-3-Clause
# CPack: `cpack --config build/release/CPackConfig.cmake` makes a .deb and a .tar.gz.
set(CPACK_PACKAGE_NAME "batchlab")
set(CPACK_PACKAGE_VENDOR "Batchlab")
set(CPACK_PACKAGE_CONTACT "Batchlab developers <batchlab@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
