package dev.tailor.facts;

/**
 * A trait a rule asked for with a default and did not get: the value was missing (absent or blank) or invalid (not
 * a number where one was asked for, or kept aside as {@code <trait>_raw} because normalisation could not read it).
 *
 * @param trait the trait asked for
 * @param invalid true when a value was there but unusable; false when there was none
 * @param used the default the rule got instead, as text
 */
public record TraitFallback(String trait, boolean invalid, String used) {}
