# SPDX-License-Identifier: BSD-3-Clause
# CPack: `make package` (or `cpack -G "DEB;TGZ"` in a build tree) makes a .deb and a .tar.gz.
# The .deb installs under /usr whatever CMAKE_INSTALL_PREFIX says; its Qt dependencies come
# from dpkg-shlibdeps; tests/package/check-package.sh checks it with lintian.
include("${CMAKE_CURRENT_LIST_DIR}/packagefiles.cmake")

set(CPACK_PACKAGE_NAME "batchlab")
set(CPACK_PACKAGE_VENDOR "Batchlab")
set(CPACK_PACKAGE_CONTACT "Batchlab developers <batchlab@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# The long description: lines under 80 columns, as lintian wants.
set(CPACK_PACKAGE_DESCRIPTION
    "Batchlab turns many API calls into few HTTP requests (JSON $batch as in
Microsoft Graph and OData 4.01, multipart/mixed as in OData 4.0 and Google
APIs, JSON-RPC 2.0) with de-duplication, retries, a circuit breaker and a
cache. Its workbench runs request sets against a built-in sandbox server or
a real API and shows, measured, what the batch settings do to the traffic;
its terminal sub-commands do the same without a window.")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_STRIP_FILES ON)
# Directories 0755 whatever the umask of the build.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # batchlab_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
