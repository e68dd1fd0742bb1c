package dev.tailor.rules;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Rule set files as one zip: how revisions are stored and how analysts may upload a folder. */
public final class RuleSetArchive {

    /** Limits that keep a hostile upload from exhausting memory. */
    static final int MAX_FILES = 1000;

    static final long MAX_BYTES = 20L * 1024 * 1024;

    private RuleSetArchive() {}

    public static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setTime(0);
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The files of a zip by path. A zip of a folder (every entry under one top directory) is read as that folder's
     * content.
     */
    public static SortedMap<String, byte[]> unzip(byte[] archive) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.isDirectory()) {
                    continue;
                }
                String path = entry.getName().replace('\\', '/');
                if (path.startsWith("/") || path.contains("../")) {
                    throw new IllegalArgumentException("zip entry " + path + " points outside the rule set");
                }
                byte[] content = zip.readNBytes((int) Math.min(MAX_BYTES - total + 1, Integer.MAX_VALUE - 8));
                total += content.length;
                if (total > MAX_BYTES || files.size() >= MAX_FILES) {
                    throw new IllegalArgumentException("a rule set zip may hold at most " + MAX_FILES + " files and "
                            + MAX_BYTES / 1024 / 1024 + " MB");
                }
                files.put(path, content);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable zip: " + e.getMessage(), e);
        }
        return stripCommonFolder(files);
    }

    private static SortedMap<String, byte[]> stripCommonFolder(SortedMap<String, byte[]> files) {
        if (files.isEmpty()) {
            return files;
        }
        String first = files.firstKey();
        int slash = first.indexOf('/');
        if (slash < 0) {
            return files;
        }
        String folder = first.substring(0, slash + 1);
        if (!files.keySet().stream().allMatch(path -> path.startsWith(folder))) {
            return files;
        }
        SortedMap<String, byte[]> stripped = new TreeMap<>();
        files.forEach((path, content) -> stripped.put(path.substring(folder.length()), content));
        return stripped;
    }
}
