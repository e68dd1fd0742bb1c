package dev.tailor.shared.error;

import dev.tailor.hygiene.NoSuchRecordException;
import dev.tailor.hygiene.RunUnderWayException;
import dev.tailor.hygiene.duplicates.CandidateDecidedException;
import dev.tailor.imports.UnknownImportException;
import dev.tailor.ingest.EventLogUnavailableException;
import dev.tailor.ingest.InvalidEventException;
import dev.tailor.ingest.sendgrid.InvalidSignatureException;
import dev.tailor.rules.RuleCompilationException;
import dev.tailor.rules.admin.MappingsDroppedException;
import dev.tailor.rules.UnknownRuleSetException;
import dev.tailor.rules.revisions.ActivationRefusedException;
import dev.tailor.rules.revisions.NothingToRollBackException;
import dev.tailor.rules.revisions.RuleSetNotFoundException;
import dev.tailor.rules.scenarios.ScenarioFileException;
import dev.tailor.shared.error.Problem.FieldError;
import dev.tailor.security.ApiKeyNotFoundException;
import dev.tailor.sync.UndeclaredSourceException;
import dev.tailor.sync.UnknownDestinationException;
import io.quarkus.logging.Log;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.tailor.ingest.CustomerOverBudgetException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where exceptions become {@code application/problem+json} answers. */
public class ProblemMappers {

    /** Seconds a Segment client should wait before resending when the event log is unavailable. */
    static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response invalidEvent(InvalidEventException e) {
        Log.warnf("Refused event: %s", e.getMessage());
        return problem(Problem.invalidFields("invalid-event", "Invalid event", 400, e.errors())).build();
    }

    @ServerExceptionMapper
    public Response invalidSignature(InvalidSignatureException e) {
        Log.warnf("Refused webhook: %s", e.getMessage());
        return problem(Problem.invalidFields("invalid-signature", "Invalid signature", 401,
                List.of(new FieldError(e.header(), e.detail())))).build();
    }

    @ServerExceptionMapper
    public Response eventLogUnavailable(EventLogUnavailableException e) {
        Log.warnf("Ingest unavailable: %s", e.getMessage());
        return problem(Problem.of("event-log-unavailable", "Event log unavailable", 503,
                        "The event was not stored; retry later."))
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    /**
     * A customer over its ingest budget: 429 naming the call's customer field, which the Segment and RudderStack
     * clients retry after {@code Retry-After}; nothing of the request was stored.
     */
    @ServerExceptionMapper
    public Response customerOverBudget(CustomerOverBudgetException e) {
        // The customer id is personal data: the log names only the field.
        Log.warnf("Throttled a request: the customer of %s is over its budget", e.field());
        return problem(Problem.invalidFields("customer-over-budget", "Customer over its budget", 429,
                        List.of(new FieldError(e.field(), e.getMessage()))))
                .header("Retry-After", e.retryAfterSeconds())
                .build();
    }

    @ServerExceptionMapper
    public Response ruleSetDoesNotCompile(RuleCompilationException e) {
        Log.warnf("Rule set %s refused: %d compile message(s)", e.ruleSet(), e.messages().size());
        return problem(Problem.of("rule-set-does-not-compile", "Rule set does not compile", 422,
                e.messages().size() + " problem(s) in rule set " + e.ruleSet() + "; the active revision is unchanged")
                .withMessages(e.messages())).build();
    }

    @ServerExceptionMapper
    public Response scenarioFilesUnreadable(ScenarioFileException e) {
        Log.warnf("Scenario files refused: %d message(s)", e.messages().size());
        return problem(Problem.of("scenario-files-unreadable", "Scenario files cannot be read", 422,
                e.messages().size() + " problem(s) in the scenario files; no scenario ran")
                .withMessages(e.messages())).build();
    }

    @ServerExceptionMapper
    public Response activationRefused(ActivationRefusedException e) {
        Log.warnf("Activation refused: %s", e.getMessage());
        return problem(Problem.of("activation-refused", "Activation refused", 422, "revision " + e.revision()
                + " of rule set " + e.ruleSet() + " failed its proof; nothing was activated")
                .withMessages(e.problems())).build();
    }

    @ServerExceptionMapper
    public Response undeclaredSource(UndeclaredSourceException e) {
        Log.warnf("Refused mapping: %s", e.getMessage());
        return problem(Problem.invalidFields("undeclared-source", "Mapping names what its rule set does not produce",
                422, e.errors())).build();
    }

    @ServerExceptionMapper
    public Response activationDropsMapped(MappingsDroppedException e) {
        Log.warnf("Activation not confirmed: %s", e.getMessage());
        return problem(Problem.invalidFields("activation-drops-mapped-sources",
                "Activation would drop mapped variables or segments", 409, e.errors())).build();
    }

    @ServerExceptionMapper
    public Response ruleSetNotFound(RuleSetNotFoundException e) {
        return problem(Problem.of("rule-set-not-found", "Not found", 404, e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unknownRuleSet(UnknownRuleSetException e) {
        return problem(Problem.of("unknown-rule-set", "Unknown rule set", 404, e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unknownDestination(UnknownDestinationException e) {
        return problem(Problem.of("unknown-destination", "Unknown destination", 404, e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unknownImport(UnknownImportException e) {
        return problem(Problem.of("unknown-import", "Unknown import", 404, e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response apiKeyNotFound(ApiKeyNotFoundException e) {
        return problem(Problem.of("api-key-not-found", "Not found", 404, e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response noSuchHygieneRecord(NoSuchRecordException e) {
        return problem(Problem.of("not-found", "Not found", 404, e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response hygieneRunUnderWay(RunUnderWayException e) {
        return problem(Problem.of("run-under-way", "Run under way", 409, e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response candidateDecided(CandidateDecidedException e) {
        return problem(Problem.of("candidate-decided", "Candidate already decided", 409, e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response nothingToRollBack(NothingToRollBackException e) {
        return problem(Problem.of("nothing-to-roll-back", "Nothing to roll back", 409, e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        Log.warnf("Refused request: %s %s", e.field(), e.getMessage());
        return problem(Problem.invalidFields("invalid-request", "Invalid request", 400,
                List.of(new FieldError(e.field(), e.getMessage())))).build();
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        Log.warnf("Bad request: %s", e.getMessage());
        return problem(Problem.of("bad-request", "Bad request", 400, e.getMessage())).build();
    }

    /**
     * A JSON body of the wrong shape for an endpoint (a string where a number belongs, an object for a list): 400
     * naming the field. Jackson's own message quotes the value sent, which may be personal data, so it is not used.
     */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        String field = HttpProblems.path(e);
        Log.warnf("Refused request: %s has the wrong JSON type", field);
        return problem(Problem.invalidFields("invalid-request", "Invalid request", 400,
                List.of(new FieldError(field, HttpProblems.expected(e.getTargetType()))))).build();
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
        Response.ResponseBuilder answer = Response.fromResponse(original).entity(problem).type(Problem.MEDIA_TYPE);
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
            return problem(Problem.of("internal-error", "Internal error", 500,
                    "Tailor failed to answer; the failure is logged")).build();
        }
        Log.warnf("PostgreSQL unreachable: %s", e.toString());
        return problem(Problem.of("database-unavailable", "Database unavailable", 503,
                        "PostgreSQL cannot be reached; retry later. Decisions and ingest are not affected."))
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    public static Response.ResponseBuilder problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
