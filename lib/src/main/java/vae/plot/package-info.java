/**
 * Plot helpers for the notebooks, each returning a {@link java.awt.image.BufferedImage} (which the
 * Java kernel shows inline as a PNG). The XY plots share one base, {@link vae.plot.XYPlot}:
 * {@link vae.plot.LinePlot} (named series, reference lines, optional log axes),
 * {@link vae.plot.ScatterPlot} (optionally coloured by integer label, with lines and texts) and
 * {@link vae.plot.HistogramPlot} (overlaid histograms binned by XChart, with reference lines).
 * Their rules, so that every figure reads: tick labels are round numbers with a leading zero and
 * never collide, an axis of whole numbers is labelled at whole numbers, the legend never covers
 * data (a plot with one series has none), {@code yFromZero()} starts a non-negative quantity's
 * axis at 0, a long title is set smaller or shortened, never clipped. Besides them:
 * {@link vae.plot.ImageGrid} (grayscale images with captions, row titles or x/y axes),
 * {@link vae.plot.JensenPlot} (a function and a chord), {@link vae.plot.Images} (side by side,
 * stacked, in a grid; one quantity per axis means two panels, not a second y axis) and
 * {@link vae.plot.InteractiveFigure} (sliders over pre-rendered frames). Charts are drawn by
 * XChart 4 at 800 x 500 by default; everything works headless ({@code -Djava.awt.headless=true}).
 */
package vae.plot;
