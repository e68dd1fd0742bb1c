package dev.tailor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.shared.error.Problem.FieldError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Bodies as clients send them, without the server: plain, gzip by header or by magic bytes, within the limit. */
class RequestBodyDecoderTest {

    private static final byte[] CALL = "{\"userId\":\"1\",\"event\":\"Ok\"}".getBytes(StandardCharsets.UTF_8);

    private final RequestBodyDecoder decoder = new RequestBodyDecoder(TestIngestConfig.defaults());

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zipped = new GZIPOutputStream(out)) {
            zipped.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static FieldError refusal(Runnable decoding) {
        try {
            decoding.run();
        } catch (InvalidEventException e) {
            return e.errors().get(0);
        }
        throw new AssertionError("not refused");
    }

    @Test
    void plainBodiesPassThrough() {
        assertThat(decoder.decode(CALL, null)).isEqualTo(CALL);
        assertThat(decoder.decode(CALL, "identity")).isEqualTo(CALL);
        assertThat(decoder.decode(null, null)).isEmpty();
    }

    @Test
    void gzipIsReadByHeaderOrByMagicBytes() {
        assertThat(decoder.decode(gzip(CALL), "gzip")).isEqualTo(CALL);
        assertThat(decoder.decode(gzip(CALL), "x-gzip")).isEqualTo(CALL);
        assertThat(decoder.decode(gzip(CALL), null)).isEqualTo(CALL);
    }

    @Test
    void theLimitAppliesAfterDecompression() {
        byte[] justFits = new byte[500 * 1024];
        assertThat(decoder.decode(gzip(justFits), "gzip")).hasSize(500 * 1024);

        assertThat(refusal(() -> decoder.decode(gzip(new byte[500 * 1024 + 1]), "gzip")))
                .isEqualTo(new FieldError("body", "decompresses to more than 500 KB; a request may be at most 500 KB"));
        assertThat(refusal(() -> decoder.decode(new byte[600 * 1024], null)))
                .isEqualTo(new FieldError("body", "is 600 KB; a request may be at most 500 KB"));
    }

    @Test
    void bodiesThatAreNotWhatTheyClaimAreRefused() {
        assertThat(refusal(() -> decoder.decode(CALL, "gzip"))).isEqualTo(new FieldError("body", "is not valid gzip"));
        assertThatThrownBy(() -> decoder.decode(CALL, "br"))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("Content-Encoding"));
    }
}
