package dev.tailor.identity;

/** One customer's profile became part of another's: {@code merged} now resolves to {@code survivor}. */
public record ProfilesMerged(String survivor, String merged) {}
