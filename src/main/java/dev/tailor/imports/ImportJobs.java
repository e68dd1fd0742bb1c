package dev.tailor.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.shared.persistence.BlockingDb;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * The record of import jobs in PostgreSQL: created when a file arrives, updated after every batch so that any node
 * can show an import's progress, closed with its report. Blocking: called from request workers and import workers.
 */
@ApplicationScoped
public class ImportJobs {

    private static final TypeReference<List<Refusal>> REFUSALS = new TypeReference<>() {};

    private final ImportJobRepository jobs;
    private final ObjectMapper json;

    public ImportJobs(ImportJobRepository jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    ImportReport create(ImportKind kind, ImportFormat format, String source, long fileBytes) {
        ImportJob job = new ImportJob();
        job.kind = kind.label();
        job.format = format.label();
        job.source = source;
        job.status = ImportJob.Status.QUEUED.name();
        job.fileBytes = fileBytes;
        job.createdAt = Instant.now();
        return BlockingDb.transaction(() -> jobs.persist(job).map(this::report));
    }

    void started(long id) {
        update(id, job -> {
            job.status = ImportJob.Status.RUNNING.name();
            job.startedAt = Instant.now();
        });
    }

    void progressed(long id, ImportProgress progress) {
        update(id, job -> record(job, progress));
    }

    /** @param error why it stopped early; null when it read the whole file */
    void finished(long id, ImportProgress progress, String error) {
        update(id, job -> {
            record(job, progress);
            job.status = (error == null ? ImportJob.Status.DONE : ImportJob.Status.FAILED).name();
            job.error = error;
            job.finishedAt = Instant.now();
        });
    }

    public ImportReport report(long id) {
        ImportJob job = BlockingDb.session(() -> jobs.findById(id));
        if (job == null) {
            throw new UnknownImportException(id);
        }
        return report(job);
    }

    private void record(ImportJob job, ImportProgress progress) {
        job.linesRead = progress.linesRead();
        job.imported = progress.imported();
        job.refused = progress.refused();
        job.merged = progress.merged();
        try {
            job.refusals = json.writeValueAsString(progress.refusals());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Refusals could not be written as JSON", e);
        }
    }

    private void update(long id, java.util.function.Consumer<ImportJob> change) {
        BlockingDb.transaction(() -> jobs.findById(id).invoke(change));
    }

    private ImportReport report(ImportJob job) {
        List<Refusal> refusals;
        try {
            refusals = json.readValue(job.refusals, REFUSALS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored refusals are not JSON", e);
        }
        return new ImportReport(
                job.id,
                job.kind,
                job.format,
                job.source,
                job.status,
                job.fileBytes,
                job.linesRead,
                job.imported,
                job.refused,
                job.merged,
                refusals,
                job.error,
                job.createdAt,
                job.startedAt,
                job.finishedAt);
    }
}
