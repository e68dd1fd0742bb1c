-- Tombstones are kept in Redis by Redis Cluster slot (tailor:erased:{<slot tag>}), in the slot of the erased
-- identifier's keys as a customer, so that applying an event reads its customer's tombstone within the customer's
-- slot. The digest hides the identifier, so the slot is recorded beside it; tombstones written before have none
-- and are checked by each node from memory instead (facts.UnplacedTombstones).
alter table erased_identifier add column slot integer;
