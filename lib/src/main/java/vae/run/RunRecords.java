package vae.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The run records of a copy of the series: each run's {@code runs/<id>/record.json} (the
 * copy's own runs, git-ignored) and the committed records under {@code records/} (any
 * {@code records/**}{@code /*.json} that carries "schema": "vae-lecture.run/...";
 * {@code records/full/*.ipynb} are notebooks, not records). A file that should be a record
 * but does not follow the schema is kept as one line, "FILE: what is wrong", and left out.
 * A run is listed once: a record committed under {@code records/} whose id is already read
 * (the run is still in {@code runs/}, or the record is committed twice) is the same run, and
 * the first one read stands, the run folder's before the committed copy.
 * <pre>
 *   RunRecords found = RunRecords.in(copyFolder);
 *   found.records();   // read and checked, ordered by id (the ids begin with their UTC start)
 *   found.skipped();   // ["runs/x/record.json: no \"status\" (expected \"ok\" or \"failed\")", ...]
 * </pre>
 */
public final class RunRecords {
    private final List<RunRecord> records;
    private final List<String> skipped;

    private RunRecords(List<RunRecord> records, List<String> skipped) {
        this.records = List.copyOf(records);
        this.skipped = List.copyOf(skipped);
    }

    /** The records of the copy whose top folder is {@code copy}; files are named relative to it. */
    public static RunRecords in(Path folder) {
        Path copy = folder.toAbsolutePath().normalize();
        List<RunRecord> records = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path file : files(copy.resolve("runs"), 2)) {
            if (!file.getFileName().toString().equals("record.json") || file.getParent().getParent() == null
                    || !file.getParent().getParent().equals(copy.resolve("runs"))) continue;
            add(copy, file, records, skipped);
        }
        for (Path file : files(copy.resolve("records"), Integer.MAX_VALUE)) {
            if (!file.getFileName().toString().endsWith(".json")) continue;
            try {
                // a JSON file of records/ that is no run record (another tool's) is not ours to judge
                if (!RunRecord.claimsToBeARecord(RunRecord.parse(file))) continue;
            } catch (RunRecord.Invalid e) {
                skipped.add(relative(copy, file) + ": " + String.join("; ", e.problems()));
                continue;
            }
            add(copy, file, records, skipped);
        }
        records.sort(Comparator.comparing(RunRecord::id).thenComparing(r -> r.file().toString()));
        return new RunRecords(records, skipped);
    }

    private static void add(Path copy, Path file, List<RunRecord> records, List<String> skipped) {
        try {
            RunRecord record = RunRecord.read(file);
            // the same id is the same run (ids are the run's UTC start and name): the copy read first stands
            if (records.stream().noneMatch(r -> r.id().equals(record.id()))) records.add(record);
        } catch (RunRecord.Invalid e) {
            skipped.add(relative(copy, file) + ": " + String.join("; ", e.problems()));
        }
    }

    private static String relative(Path copy, Path file) {
        return copy.relativize(file).toString();
    }

    /** The regular files under {@code folder} down to {@code depth} levels, sorted; none when it does not exist. */
    private static List<Path> files(Path folder, int depth) {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> walk = Files.walk(folder, depth)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** The records read, ordered by id. */
    public List<RunRecord> records() {
        return records;
    }

    /** One line per file left out: "FILE: what is wrong" (FILE relative to the copy). */
    public List<String> skipped() {
        return skipped;
    }

    /** How many of the records came from the copy's runs/ folder (the rest are committed under records/). */
    public long ownRuns(Path copy) {
        Path runs = copy.toAbsolutePath().normalize().resolve("runs");
        return records.stream().filter(r -> r.file().startsWith(runs)).count();
    }
}
