// SPDX-License-Identifier: BSD-3-Clause
// The OData V4 service under test. The explicit @path fixes the service root
// the tests use: http://127.0.0.1:<port>/odata/v4/api/
// No @requires / @restrict: the entity sets are read-write for everyone.
using { batchlab } from '../db/schema';

@path: '/odata/v4/api'
service ApiService {
  entity Users as projection on batchlab.Users;
  entity Items as projection on batchlab.Items;
}
