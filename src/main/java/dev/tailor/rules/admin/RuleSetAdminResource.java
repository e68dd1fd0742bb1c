package dev.tailor.rules.admin;

import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.MappedSources;
import dev.tailor.rules.RuleEngine;
import dev.tailor.rules.RuleSetArchive;
import dev.tailor.rules.RuleSetOutline;
import dev.tailor.rules.RuleSetSource;
import dev.tailor.rules.admin.ImpactAnalysis.ImpactReport;
import dev.tailor.rules.admin.RuleSetViews.ActivationRequest;
import dev.tailor.rules.admin.RuleSetViews.ActivationView;
import dev.tailor.rules.admin.RuleSetViews.DiffView;
import dev.tailor.rules.admin.RuleSetViews.RevisionView;
import dev.tailor.rules.admin.RuleSetViews.RuleSetView;
import dev.tailor.rules.admin.RuleSetViews.ValidationReport;
import dev.tailor.rules.revisions.RuleSetContent;
import dev.tailor.rules.revisions.RuleSetNotFoundException;
import dev.tailor.rules.revisions.RuleSetRevision;
import dev.tailor.rules.revisions.RuleSetService;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The rule set life cycle for analysts and operators: upload (a zip, or files as multipart parts named by their
 * path), validate without activating, list revisions and activations, diff, impact analysis, activate and roll
 * back without a restart. A revision keeps its scenario files ({@code tests/*.yaml}), which each activation runs.
 * Compile errors and unreadable scenario files answer 422 with every message located by file, line and column; an
 * activation that would drop a variable or segment a destination maps answers 409 unless it confirms the drop.
 */
@Path("/admin/rule-sets")
@Produces(MediaType.APPLICATION_JSON)
public class RuleSetAdminResource {

    private static final String ZIP = "application/zip";

    private final RuleSetService ruleSets;
    private final RuleSetValidator validator;
    private final ImpactAnalysis impact;
    private final RuleEngine engine;
    private final MappedSources mapped;

    public RuleSetAdminResource(
            RuleSetService ruleSets,
            RuleSetValidator validator,
            ImpactAnalysis impact,
            RuleEngine engine,
            MappedSources mapped) {
        this.ruleSets = ruleSets;
        this.validator = validator;
        this.impact = impact;
        this.engine = engine;
        this.mapped = mapped;
    }

    @GET
    public List<RuleSetView> list() {
        return ruleSets.activeRuleSets().stream().map(RuleSetView::of).toList();
    }

    @POST
    @Path("/{name}/revisions")
    @Consumes({ZIP, MediaType.APPLICATION_OCTET_STREAM})
    public Response uploadZip(
            @PathParam("name") String name,
            byte[] zip,
            @QueryParam("author") String author,
            @QueryParam("message") String message) {
        return store(name, unzip(zip), author, message);
    }

    @POST
    @Path("/{name}/revisions")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadFiles(
            @PathParam("name") String name,
            @RestForm(FileUpload.ALL) List<FileUpload> files,
            @QueryParam("author") String author,
            @QueryParam("message") String message) {
        return store(name, read(files), author, message);
    }

    @POST
    @Path("/{name}/validate")
    @Consumes({ZIP, MediaType.APPLICATION_OCTET_STREAM})
    public ValidationReport validateZip(@PathParam("name") String name, byte[] zip) {
        return validator.validate(name, unzip(zip));
    }

    @POST
    @Path("/{name}/validate")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public ValidationReport validateFiles(
            @PathParam("name") String name, @RestForm(FileUpload.ALL) List<FileUpload> files) {
        return validator.validate(name, read(files));
    }

    @GET
    @Path("/{name}/revisions")
    public List<RevisionView> revisions(@PathParam("name") String name) {
        return ruleSets.revisionsOf(name).stream()
                .map(RuleSetAdminResource::view)
                .toList();
    }

    @GET
    @Path("/{name}/revisions/{id}")
    public RevisionView revision(@PathParam("name") String name, @PathParam("id") long id) {
        return view(revisionOf(name, id));
    }

    @GET
    @Path("/{name}/activations")
    public List<ActivationView> activations(@PathParam("name") String name) {
        return ruleSets.activationsOf(name).stream().map(ActivationView::of).toList();
    }

    @POST
    @Path("/{name}/activations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response activate(@PathParam("name") String name, ActivationRequest request) {
        if (request == null || request.revision() == null) {
            throw new BadRequestException("revision is required");
        }
        refuseUnconfirmedDrops(name, request.revision(), request.dropsConfirmed());
        return Response.status(Response.Status.CREATED)
                .entity(ActivationView.of(
                        ruleSets.activate(name, request.revision(), who(request.activatedBy()), why(request.reason()))))
                .build();
    }

    @POST
    @Path("/{name}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rollback(@PathParam("name") String name, ActivationRequest request) {
        // Asked now, before the target is compiled for the drops check: rollbacks asked at once roll back once.
        Instant askedAt = Instant.now();
        ActivationRequest asked = request == null ? new ActivationRequest(null, null, null, null) : request;
        refuseUnconfirmedDrops(name, ruleSets.rollbackTarget(name), asked.dropsConfirmed());
        return Response.status(Response.Status.CREATED)
                .entity(ActivationView.of(ruleSets.rollback(
                        name, who(asked.activatedBy()), asked.reason() == null ? "rollback" : asked.reason(), askedAt)))
                .build();
    }

    @GET
    @Path("/{name}/diff")
    public DiffView diff(@PathParam("name") String name, @QueryParam("from") long from, @QueryParam("to") long to) {
        SortedMap<String, byte[]> before = RuleSetArchive.unzip(revisionOf(name, from).archive);
        SortedMap<String, byte[]> after = RuleSetArchive.unzip(revisionOf(name, to).archive);
        RuleSetOutline was = RuleSetOutline.of(RuleSetSource.fromFiles(name, before));
        RuleSetOutline is = RuleSetOutline.of(RuleSetSource.fromFiles(name, after));
        return new DiffView(
                from,
                to,
                minus(after.keySet(), before.keySet()),
                minus(before.keySet(), after.keySet()),
                after.keySet().stream()
                        .filter(before::containsKey)
                        .filter(path -> !java.util.Arrays.equals(before.get(path), after.get(path)))
                        .toList(),
                minus(is.segments(), was.segments()),
                minus(was.segments(), is.segments()),
                minus(is.variables(), was.variables()),
                minus(was.variables(), is.variables()));
    }

    @POST
    @Path("/{name}/impact")
    public ImpactReport impact(
            @PathParam("name") String name,
            @QueryParam("revision") long revision,
            @QueryParam("sample") Integer sample) {
        CompiledRuleSet active = engine.require(name);
        CompiledRuleSet candidate = ruleSets.compiled(revisionOf(name, revision));
        return impact.analyse(active, candidate, sample);
    }

    /**
     * A revision that would stop producing a variable or segment some destination maps is activated only when the
     * request confirms it: those ESP fields would read null from then on.
     */
    private void refuseUnconfirmedDrops(String name, long revision, boolean confirmed) {
        if (confirmed) {
            return;
        }
        List<MappedSources.MappedSource> dropped = mapped.droppedBy(ruleSets.compiled(revisionOf(name, revision)));
        if (!dropped.isEmpty()) {
            throw new MappingsDroppedException(name, revision, dropped);
        }
    }

    private Response store(String name, Map<String, byte[]> files, String author, String message) {
        RuleSetService.Stored stored =
                ruleSets.store(RuleSetContent.of(name, files), who(author), message == null ? "" : message);
        return Response.status(stored.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(view(stored.revision()))
                .build();
    }

    private RuleSetRevision revisionOf(String name, long id) {
        return ruleSets.revision(name, id)
                .orElseThrow(() -> new RuleSetNotFoundException("rule set " + name + " has no revision " + id));
    }

    private static RevisionView view(RuleSetRevision revision) {
        RuleSetContent content = RuleSetContent.of(revision);
        return RevisionView.of(
                revision,
                List.copyOf(content.files().keySet()),
                List.copyOf(content.scenarioFiles().keySet()),
                RuleSetOutline.of(content.rules()));
    }

    private static SortedMap<String, byte[]> unzip(byte[] zip) {
        if (zip == null || zip.length == 0) {
            throw new BadRequestException("the body must be a zip of the rule set's files");
        }
        try {
            return RuleSetArchive.unzip(zip);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static SortedMap<String, byte[]> read(List<FileUpload> uploads) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (FileUpload upload : uploads) {
            try {
                files.put(upload.name(), Files.readAllBytes(upload.uploadedFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private static List<String> minus(java.util.Collection<String> a, java.util.Collection<String> b) {
        List<String> result = new ArrayList<>(a);
        result.removeAll(b);
        return result;
    }

    private static String who(String name) {
        return name == null || name.isBlank() ? "anonymous" : name;
    }

    private static String why(String reason) {
        return Objects.requireNonNullElse(reason, "");
    }
}
