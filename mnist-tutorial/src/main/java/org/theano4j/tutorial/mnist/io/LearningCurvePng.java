package org.theano4j.tutorial.mnist.io;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Plots validation and test error per epoch, {@code learning_curve.png}, with XChart.
 *
 * <p>Test errors are drawn only at the epochs where they were measured.
 */
public final class LearningCurvePng {
  /** Width of the picture. */
  public static final int WIDTH = 800;
  /** Height of the picture. */
  public static final int HEIGHT = 500;

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private LearningCurvePng() {}

  /** The chart of {@code history} (at least one entry). */
  public static XYChart chart(List<EpochStats> history, String title) {
    if (history.isEmpty()) {
      throw new IllegalArgumentException("no epochs to plot");
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("epoch").yAxisTitle("error (%)").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesVisible(true);
    List<Integer> ev = new ArrayList<>();
    List<Double> valid = new ArrayList<>();
    List<Integer> et = new ArrayList<>();
    List<Double> test = new ArrayList<>();
    for (EpochStats s : history) {
      ev.add(s.epoch());
      valid.add(s.validErrorPct());
      if (s.hasTestError()) {
        et.add(s.epoch());
        test.add(s.testErrorPct());
      }
    }
    XYSeries v = chart.addSeries("validation error", ev, valid);
    v.setMarker(SeriesMarkers.CIRCLE);
    if (!et.isEmpty()) {
      XYSeries t = chart.addSeries("test error", et, test);
      t.setMarker(SeriesMarkers.DIAMOND);
    }
    return chart;
  }

  /** Writes the chart of {@code history} as a PNG of 800x500 pixels. */
  public static void write(Path path, List<EpochStats> history, String title) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      BitmapEncoder.saveBitmap(chart(history, title), path.toString(),
          BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }
}
