package dev.tailor.hygiene.duplicates;

/**
 * Merging and separating two customers, which a reviewed duplicate asks for and identity does (its
 * {@code IdentityMerges}). Duplicate review reaches identity through this interface because hygiene sits below it:
 * identity reads e-mail addresses from the traits that trait normalisation's settings name.
 */
public interface CustomerMerges {

    /** Merges {@code mergedId} into {@code survivorId} and re-decides; false when they already were one customer. */
    boolean merge(String survivorId, String mergedId);

    /** Undoes the last merge of {@code mergedId} into {@code survivorId}, rebuilding both from the event log. */
    boolean unmerge(String survivorId, String mergedId);

    /** Which of two merged customers the other was merged into. */
    String survivorOf(String one, String other);
}
