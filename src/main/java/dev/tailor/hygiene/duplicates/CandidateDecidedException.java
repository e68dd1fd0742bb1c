package dev.tailor.hygiene.duplicates;

/** A duplicate candidate cannot take the status asked for: it was merged (409). */
public class CandidateDecidedException extends RuntimeException {

    public CandidateDecidedException(long id, CandidateStatus status) {
        super("Duplicate candidate " + id + " is " + status.slug() + "; unmerge it first");
    }
}
