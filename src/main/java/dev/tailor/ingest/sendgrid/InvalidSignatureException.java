package dev.tailor.ingest.sendgrid;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.Problem.FieldError;
import dev.tailor.shared.error.ProblemException;
import java.util.List;
import java.util.Optional;

/** A webhook request whose signature is missing, stale or wrong; nothing of it was read. */
public class InvalidSignatureException extends ProblemException {

    private final String header;
    private final String detail;

    public InvalidSignatureException(String header, String detail) {
        super(header + ": " + detail);
        this.header = header;
        this.detail = detail;
    }

    /** The request header at fault. */
    public String header() {
        return header;
    }

    public String detail() {
        return detail;
    }

    @Override
    public Problem problem() {
        return Problem.invalidFields(
                "invalid-signature", "Invalid signature", 401, List.of(new FieldError(header, detail)));
    }

    @Override
    public Optional<String> warning() {
        return Optional.of("Refused webhook: " + getMessage());
    }
}
