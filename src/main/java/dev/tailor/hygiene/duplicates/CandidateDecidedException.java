package dev.tailor.hygiene.duplicates;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.ProblemException;

/** A duplicate candidate cannot take the status asked for: it was merged (409). */
public class CandidateDecidedException extends ProblemException {

    public CandidateDecidedException(long id, CandidateStatus status) {
        super("Duplicate candidate " + id + " is " + status.slug() + "; unmerge it first");
    }

    @Override
    public Problem problem() {
        return Problem.of("candidate-decided", "Candidate already decided", 409, getMessage());
    }
}
