package com.wecomassist.load.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small line chart written as SVG (no library): axes with ticks, one polyline per series, a
 * legend. Values that are NaN are gaps. Enough for "throughput and latency percentiles over time".
 */
public final class SvgChart {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int W = 900;
    private static final int H = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 70;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Map<String, List<double[]>> series = new LinkedHashMap<>();

    public SvgChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a series of (x, y) points. */
    public SvgChart series(String name, List<double[]> points) {
        series.put(name, new ArrayList<>(points));
        return this;
    }

    public String render() {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        for (List<double[]> points : series.values()) {
            for (double[] p : points) {
                if (Double.isNaN(p[1]) || Double.isInfinite(p[1])) {
                    continue;
                }
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        if (minX > maxX) {
            minX = 0;
            maxX = 1;
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        maxY = niceCeiling(maxY);
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(W / 2.0, 22, "middle", 15, title));
        for (int i = 0; i <= 5; i++) {
            double v = maxY * i / 5;
            double y = TOP + plotH - plotH * i / 5.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
                    LEFT, y, W - RIGHT, y));
            svg.append(text(LEFT - 6, y + 4, "end", 11, format(v)));
        }
        for (int i = 0; i <= 6; i++) {
            double v = minX + (maxX - minX) * i / 6;
            double x = LEFT + plotW * i / 6.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>\n",
                    x, TOP + plotH, x, TOP + plotH + 5));
            svg.append(text(x, TOP + plotH + 18, "middle", 11, format(v)));
        }
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>\n", LEFT, TOP, plotW, plotH));
        svg.append(text(LEFT + plotW / 2.0, H - 38, "middle", 12, xLabel));
        svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>\n",
                TOP + plotH / 2.0, TOP + plotH / 2.0, escape(yLabel)));
        int c = 0;
        double legendX = LEFT;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            String colour = COLOURS[c++ % COLOURS.length];
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            for (double[] p : e.getValue()) {
                if (Double.isNaN(p[1]) || Double.isInfinite(p[1])) {
                    pen = false;
                    continue;
                }
                double x = LEFT + plotW * (p[0] - minX) / (maxX - minX);
                double y = TOP + plotH - plotH * Math.min(p[1], maxY) / maxY;
                path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                pen = true;
            }
            if (path.length() > 0) {
                svg.append("<path d=\"").append(path.toString().trim()).append("\" fill=\"none\" stroke=\"")
                        .append(colour).append("\" stroke-width=\"1.5\"/>\n");
            }
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>\n",
                    legendX, H - 22, colour));
            svg.append(text(legendX + 16, H - 12, "start", 12, e.getKey()));
            legendX += 30 + 7.5 * e.getKey().length();
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String text(double x, double y, String anchor, int size, String s) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>\n",
                x, y, anchor, size, escape(s));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static double niceCeiling(double v) {
        if (v <= 0 || Double.isNaN(v)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= v) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double v) {
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
