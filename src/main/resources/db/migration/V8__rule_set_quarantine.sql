-- An entry the automatic quarantine made names the revision it took out of service: the entry's revision is the
-- earlier good one that serves again, or the quarantined one itself when there is none (its rules are then not run
-- and decisions are the degraded default).
alter table rule_set_activation add column quarantined_revision_id bigint references rule_set_revision (id);
