package dev.tailor.shared.error;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.tailor.shared.error.Problem.FieldError;
import io.quarkus.logging.Log;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where exceptions become {@code application/problem+json} answers. */
public class ProblemMappers {

    /** Seconds a client should wait before sending again when a service Tailor needs is unavailable. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** Every refusal a feature names (an extension of {@link ProblemException}) with the answer it carries. */
    @ServerExceptionMapper
    public Response refused(ProblemException e) {
        e.warning().ifPresent(line -> Log.warn(line));
        Response.ResponseBuilder answer = problem(e.problem());
        e.headers().forEach(answer::header);
        return answer.build();
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        Log.warnf("Bad request: %s", e.getMessage());
        return problem(Problem.of("bad-request", "Bad request", 400, e.getMessage()))
                .build();
    }

    /**
     * A JSON body of the wrong shape for an endpoint (a string where a number belongs, an object for a list): 400
     * naming the field. Jackson's own message quotes the value sent, which may be personal data, so it is not used.
     */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        String field = HttpProblems.path(e);
        Log.warnf("Refused request: %s has the wrong JSON type", field);
        return problem(Problem.invalidFields(
                        "invalid-request",
                        "Invalid request",
                        400,
                        List.of(new FieldError(field, HttpProblems.expected(e.getTargetType())))))
                .build();
    }

    /**
     * The framework's own refusals (no endpoint at the path 404, wrong method 405, unacceptable Accept 406, wrong
     * Content-Type 415, a body that is not JSON 400) as problems, keeping whatever headers they carry.
     */
    @ServerExceptionMapper
    public Response httpError(WebApplicationException e) {
        Response original = e.getResponse();
        if (original.hasEntity()) {
            return original;
        }
        Problem problem = HttpProblems.of(original.getStatus(), e);
        if (problem.status() >= 500) {
            Log.errorf(e, "Unexpected failure");
        } else {
            Log.debugf("Refused request: %d %s", problem.status(), problem.detail());
        }
        Response.ResponseBuilder answer =
                Response.fromResponse(original).entity(problem).type(Problem.MEDIA_TYPE);
        return answer.build();
    }

    /**
     * PostgreSQL out of reach (only the admin API needs it at request time): 503, so that an operator's tooling
     * retries, instead of a 500 that reads like a bug.
     */
    @ServerExceptionMapper
    public Response databaseUnavailable(RuntimeException e) {
        if (!DatabaseFailures.isUnreachable(e)) {
            Log.errorf(e, "Unexpected failure");
            return problem(Problem.of(
                            "internal-error", "Internal error", 500, "Tailor failed to answer; the failure is logged"))
                    .build();
        }
        Log.warnf("PostgreSQL unreachable: %s", e.toString());
        return problem(Problem.of(
                        "database-unavailable",
                        "Database unavailable",
                        503,
                        "PostgreSQL cannot be reached; retry later. Decisions and ingest are not affected."))
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    public static Response.ResponseBuilder problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
