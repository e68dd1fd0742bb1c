package dev.tailor.sync;

/** A segment change on its way to destinations: as published (JSON), with what routing needs from it. */
public record PendingChange(String changeId, String customerId, String ruleSet, String payload) {}
