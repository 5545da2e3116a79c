// SPDX-License-Identifier: BSD-3-Clause
// Data model for the interop tests: two small entity sets with plain
// Integer keys, so tests can address rows as Users(1) and create new ones
// with a client-chosen ID.
namespace batchlab;

entity Users {
  key ID    : Integer;
      name  : String(100);
      email : String(200);
}

entity Items {
  key ID    : Integer;
      name  : String(100);
      price : Decimal(9, 2);
      // Optional (nullable) so that items can be created without an owner.
      owner : Association to Users;
}
