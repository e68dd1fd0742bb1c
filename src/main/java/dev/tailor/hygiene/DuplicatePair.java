package dev.tailor.hygiene;

import java.util.List;

/**
 * Two customers that are probably the same person.
 *
 * @param a the smaller of the two customer ids
 * @param b the larger one
 * @param score from 0 (surely different people) to 1 (surely the same person)
 * @param reasons the evidence for and against, field by field, e.g. "surname jaro-winkler 0.97" or "postcode differs"
 */
public record DuplicatePair(String a, String b, double score, List<String> reasons) {}
