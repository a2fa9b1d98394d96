package nl.bij.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import nl.bij.bench.Runs.Baseline;
import nl.bij.bench.Runs.Service;

/** The benchmark's results: a Markdown table and a PNG plot (latency over time, drain throughput over time). */
final class Report {

    private Report() {
    }

    static String table(String machine, Baseline baseline, List<Service> services) {
        StringBuilder t = new StringBuilder();
        t.append("| raw Artemis: ").append(String.format("%,d", baseline.messages())).append(" messages relayed queue to")
                .append(" queue, a transaction each, ").append(baseline.consumers()).append(" consumers | rate |\n")
                .append("|---|---:|\n")
                .append("| the service's embedded broker, as the service configures it | ")
                .append(String.format("**%,.0f msg/s**", baseline.rate())).append(" |\n")
                .append("| a standalone broker made by `artemis create` with its defaults (").append(
                        baseline.standaloneTuning()).append(") | ")
                .append(String.format("**%,.0f msg/s**", baseline.standaloneRate())).append(" |\n\n");
        t.append("|");
        services.forEach(s -> t.append(" | ").append(s.label()));
        t.append(" |\n|---");
        services.forEach(s -> t.append("|---:"));
        t.append("|\n");
        row(t, "backlog drained", services, s -> String.format("%,d events", s.drain().events()));
        row(t, "**drain rate**", services, s -> String.format("**%,.0f events/s**", s.drain().rate()));
        row(t, "ratio to the raw embedded broker / to the raw standalone broker", services,
                s -> String.format("%.0f%% / %.0f%%", 100 * s.drain().rate() / baseline.rate(),
                        100 * s.drain().rate() / baseline.standaloneRate()));
        row(t, "drain rate over the second half (JIT warm)", services,
                s -> String.format("%,.0f events/s", s.drain().secondHalfRate()));
        row(t, "drain time (first received to last decision final)", services, s -> seconds(s.drain().took()));
        row(t, "start-up with the backlog waiting", services, s -> seconds(s.drain().startup()));
        row(t, "decisions recorded (drain)", services, s -> decisions(s.drain().outcome().decisions(),
                s.drain().events()));
        row(t, "CPU time while draining, per event: the service (all instances) + the standalone broker", services,
                s -> String.format("%.2f ms + %.2f ms", perEvent(s.drain().cpu(), s.drain().events()),
                        perEvent(s.drain().brokerCpu(), s.drain().events())));
        row(t, "heap while draining (first instance): peak used / most left after a young GC / committed", services,
                s -> heap(s.drain().heap()));
        row(t, "database after the drain (embedded H2 file, or the PostgreSQL database)", services,
                s -> String.format("%,d MB", s.drain().databaseBytes() / (1024 * 1024)));
        int rates = services.get(0).steady().size();
        for (int r = 0; r < rates; r++) {
            int i = r;
            int rate = services.get(0).steady().get(i).rate();
            row(t, String.format("**latency enqueue → notice delivered at %d events/s: p50 / p95 / p99 / max**",
                    rate), services, s -> String.format("**%.0f / %.0f / %.0f / %.0f ms**",
                    s.steady().get(i).latencies().p50(), s.steady().get(i).latencies().p95(),
                    s.steady().get(i).latencies().p99(), s.steady().get(i).latencies().max()));
            row(t, String.format("of which enqueue → decided / decided → delivered at %d events/s: p50, p99",
                    rate), services, s -> String.format("%.0f, %.0f / %.0f, %.0f ms",
                    s.steady().get(i).toDecision().p50(), s.steady().get(i).toDecision().p99(),
                    s.steady().get(i).toDelivery().p50(), s.steady().get(i).toDelivery().p99()));
            row(t, String.format("notices measured at %d events/s (once the warm-up was delivered, which took the"
                    + " time given); service CPU (warm-up included); heap peak / after GC / committed", rate), services,
                    s -> String.format("%,d (%s); %s; %s", s.steady().get(i).latencies().count(),
                    seconds(s.steady().get(i).catchUp()), seconds(s.steady().get(i).cpu()),
                    heap(s.steady().get(i).heap())));
        }
        return "Measured " + Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC on " + machine
                + ".\n\n" + t;
    }

    private static double perEvent(Duration cpu, int events) {
        return cpu.toNanos() / 1e6 / events;
    }

    private static void row(StringBuilder t, String name, List<Service> services, Function<Service, String> cell) {
        t.append("| ").append(name);
        services.forEach(s -> t.append(" | ").append(cell.apply(s)));
        t.append(" |\n");
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", Runs.seconds(d));
    }

    private static String heap(Heap h) {
        return String.format("%d / %d / %d MB (%d GCs)", h.peakMb(), h.liveMb(), h.committedMb(), h.collections());
    }

    private static String decisions(Map<String, Integer> decisions, int events) {
        int total = decisions.values().stream().mapToInt(Integer::intValue).sum();
        return total + " of " + events + ": " + decisions.toString().replaceAll("[{}]", "").replace("=", " ");
    }

    /** Two panels: latency of every notice over the steady run, and decisions finished per second while draining. */
    static void plot(Baseline baseline, List<Service> services, Path png) throws IOException {
        XYSeriesCollection latency = new XYSeriesCollection();
        XYSeriesCollection drain = new XYSeriesCollection();
        for (Service s : services) {
            XYSeries points = new XYSeries(s.label());
            s.steady().get(0).points().forEach(p -> points.add(p[0], Math.max(1, p[1])));
            latency.addSeries(points);
            drain.addSeries(perSecond(s.label(), s.drain().outcome()));
        }
        JFreeChart top = ChartFactory.createScatterPlot("Latency, enqueue to notice delivered, at a steady "
                        + services.get(0).steady().get(0).rate() + " events/s", "seconds since the first event",
                "milliseconds (log scale)", latency, PlotOrientation.VERTICAL, true, false, false);
        LogarithmicAxis milliseconds = new LogarithmicAxis("milliseconds (log scale)");
        milliseconds.setAutoRangeNextLogFlag(true);   // whole decades, so that 10, 100, 1000 are labelled
        // plain numbers with thousands separators (1,000 and 100,000 ms), not 1E3, whatever the range
        milliseconds.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
        top.getXYPlot().setRangeAxis(milliseconds);
        JFreeChart bottom = ChartFactory.createXYLineChart("Backlog drain: events decided per second",
                "seconds since the first event was received", "events per second", drain,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = bottom.getXYPlot();
        plot.addRangeMarker(marker(baseline.rate(), "raw embedded broker %,.0f msg/s"));
        plot.addRangeMarker(marker(baseline.standaloneRate(), "raw standalone broker %,.0f msg/s"));
        plot.getRangeAxis().setUpperBound(Math.max(plot.getRangeAxis().getUpperBound(),
                Math.max(baseline.rate(), baseline.standaloneRate()) * 1.15));
        BufferedImage image = new BufferedImage(1200, 1000, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        top.draw(g, new Rectangle2D.Double(0, 0, 1200, 500));
        bottom.draw(g, new Rectangle2D.Double(0, 500, 1200, 500));
        g.dispose();
        try (OutputStream out = Files.newOutputStream(png)) {
            ChartUtils.writeBufferedImageAsPNG(out, image);
        }
    }

    private static ValueMarker marker(double rate, String label) {
        ValueMarker line = new ValueMarker(rate, Color.DARK_GRAY, new BasicStroke(2f));
        line.setLabel(String.format(label, rate));
        line.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
        line.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
        return line;
    }

    private static XYSeries perSecond(String label, Outcome outcome) {
        Map<Long, Integer> buckets = new TreeMap<>();
        for (Instant finished : outcome.finished()) {
            buckets.merge(Duration.between(outcome.firstReceived(), finished).toSeconds(), 1, Integer::sum);
        }
        XYSeries series = new XYSeries(label);
        buckets.forEach((second, n) -> series.add(second.doubleValue(), n.doubleValue()));
        return series;
    }
}
