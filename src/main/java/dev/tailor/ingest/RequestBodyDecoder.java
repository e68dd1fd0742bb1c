package dev.tailor.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Turns an ingest request's body into the JSON it carries, whatever the client labelled it: RudderStack's Node
 * client gzips its batches and calls them {@code application/x-www-form-urlencoded}, so gzip is recognised by its
 * {@code Content-Encoding} and by its magic bytes alike. Decompression stops at the request limit, so a small
 * body that inflates to gigabytes (a zip bomb) costs no more than a request of the largest allowed size.
 */
@ApplicationScoped
public class RequestBodyDecoder {

    private static final int GZIP_MAGIC_FIRST = 0x1f;
    private static final int GZIP_MAGIC_SECOND = 0x8b;

    private final IngestConfig config;

    public RequestBodyDecoder(IngestConfig config) {
        this.config = config;
    }

    /**
     * @param contentEncoding the request's {@code Content-Encoding} header, or null
     * @throws InvalidEventException naming {@code body} or {@code Content-Encoding} when the body cannot be used
     */
    public byte[] decode(byte[] body, String contentEncoding) {
        byte[] raw = body == null ? new byte[0] : body;
        int limit = limit();
        byte[] plain = gzipped(raw, contentEncoding) ? gunzip(raw, limit) : raw;
        if (plain.length > limit) {
            throw new InvalidEventException(
                    "body",
                    "is " + kilobytes(plain.length) + " KB; a request may be at most " + kilobytes(limit) + " KB");
        }
        return plain;
    }

    private int limit() {
        return (int) Math.min(Integer.MAX_VALUE - 1L, config.maxRequestSize().asLongValue());
    }

    private static boolean gzipped(byte[] body, String contentEncoding) {
        boolean magic =
                body.length >= 2 && (body[0] & 0xff) == GZIP_MAGIC_FIRST && (body[1] & 0xff) == GZIP_MAGIC_SECOND;
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return magic;
        }
        boolean gzip = false;
        for (String coding : contentEncoding.split(",")) {
            switch (coding.strip().toLowerCase(Locale.ROOT)) {
                case "gzip", "x-gzip" -> gzip = true;
                case "identity", "" -> {}
                default -> throw new InvalidEventException("Content-Encoding", "must be gzip or identity");
            }
        }
        return gzip || magic;
    }

    /** At most {@code limit + 1} bytes: enough to tell that the body is over the limit, never more. */
    private static byte[] gunzip(byte[] body, int limit) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, body.length * 4) + 1);
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) > 0) {
                out.write(buffer, 0, read);
                if (out.size() > limit) {
                    throw new InvalidEventException(
                            "body",
                            "decompresses to more than " + kilobytes(limit) + " KB; a request may be at most "
                                    + kilobytes(limit) + " KB");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new InvalidEventException("body", "is not valid gzip");
        }
    }

    private static long kilobytes(long bytes) {
        return (bytes + 1023) / 1024;
    }
}
