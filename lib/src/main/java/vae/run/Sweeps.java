package vae.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The sweeps among the runs: runs of the same notebook (or experiment) that differ in exactly
 * one numeric parameter and in nothing else, so that a metric can be plotted against it (the
 * β sweep: test ELBO, reconstruction, KL, active units against β; the latent-size sweep). Only
 * runs with status "ok" count; a run that differs from the others in two parameters belongs
 * to neither of their sweeps. How the runs were started does not matter (one command or
 * several): only the parameters their records hold.
 * <pre>
 *   for (Sweeps.Sweep s : Sweeps.in(records)) s.parameter();   // "beta"; s.runs() ordered by it
 * </pre>
 */
public final class Sweeps {
    private Sweeps() {}

    /**
     * Runs of {@code name} that vary only {@code parameter}: {@code fixed} holds every other
     * parameter (the same in each run), {@code runs} are ordered by the parameter's value.
     */
    public record Sweep(String name, String parameter, Map<String, Object> fixed, List<RunRecord> runs) {
        /** The parameter's value in each run, in order. */
        public double[] values() {
            return runs.stream().mapToDouble(r -> (Double) r.parameters().get(parameter)).toArray();
        }

        /** How many different values the parameter takes. */
        public int distinctValues() {
            return new TreeSet<>(runs.stream().map(r -> (Double) r.parameters().get(parameter)).toList()).size();
        }

        /** The metrics reported by at least two of its runs at different values (something to plot), in report order. */
        public List<RunRecord.MetricKey> metrics() {
            List<RunRecord.MetricKey> out = new ArrayList<>();
            for (RunRecord.MetricKey key : RunsTable.metricsOf(runs)) {
                TreeSet<Double> at = new TreeSet<>();
                for (RunRecord r : runs) if (!Double.isNaN(r.metric(key))) at.add((Double) r.parameters().get(parameter));
                if (at.size() >= 2) out.add(key);
            }
            return out;
        }

        /** The runs' values of the metric (NaN where a run did not report it), in the order of {@link #runs()}. */
        public double[] metric(RunRecord.MetricKey key) {
            return runs.stream().mapToDouble(r -> r.metric(key)).toArray();
        }
    }

    /** Every sweep among these records, ordered by name, parameter, then the other parameters' values. */
    public static List<Sweep> in(List<RunRecord> records) {
        Map<String, List<RunRecord>> byName = new TreeMap<>();
        for (RunRecord r : records) if ("ok".equals(r.status())) byName.computeIfAbsent(r.kind() + "/" + r.name(), k -> new ArrayList<>()).add(r);
        List<Sweep> sweeps = new ArrayList<>();
        for (List<RunRecord> runs : byName.values()) {
            TreeSet<String> names = new TreeSet<>();
            for (RunRecord r : runs) names.addAll(r.parameters().keySet());
            for (String parameter : names) {
                // the runs with a number for this parameter, grouped by all their other parameters
                Map<Map<String, Object>, List<RunRecord>> byRest = new LinkedHashMap<>();
                for (RunRecord r : runs) {
                    if (!(r.parameters().get(parameter) instanceof Double)) continue;
                    Map<String, Object> rest = new TreeMap<>(r.parameters());
                    rest.remove(parameter);
                    byRest.computeIfAbsent(rest, k -> new ArrayList<>()).add(r);
                }
                for (Map.Entry<Map<String, Object>, List<RunRecord>> group : byRest.entrySet()) {
                    List<RunRecord> members = new ArrayList<>(group.getValue());
                    members.sort(Comparator.comparingDouble((RunRecord r) -> (Double) r.parameters().get(parameter)).thenComparing(RunRecord::id));
                    Sweep s = new Sweep(members.get(0).name(), parameter, java.util.Collections.unmodifiableMap(group.getKey()), List.copyOf(members));
                    if (s.distinctValues() >= 2) sweeps.add(s);
                }
            }
        }
        sweeps.sort(Comparator.comparing(Sweep::name).thenComparing(Sweep::parameter).thenComparing(s -> s.fixed().toString()));
        return sweeps;
    }
}
