package dev.tailor.events;

/**
 * One customer's profile became part of another's: {@code merged} now resolves to {@code survivor}. A CDI event that
 * identity fires on every merge; decisions forget the merged customer's, without depending on identity.
 */
public record ProfilesMerged(String survivor, String merged) {}
