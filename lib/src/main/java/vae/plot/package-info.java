/**
 * Plot helpers for the notebooks, each returning a {@link java.awt.image.BufferedImage} (which the
 * Java kernel shows inline as a PNG): {@link vae.plot.LinePlot} (named series, optional log axes),
 * {@link vae.plot.ScatterPlot} (optionally coloured by integer label), {@link vae.plot.HistogramPlot}
 * (overlaid histograms), {@link vae.plot.ImageGrid} (grayscale images with captions and row titles),
 * {@link vae.plot.JensenPlot} (a function and a chord) and {@link vae.plot.Images} (side by side,
 * stacked, saved). Charts are drawn by XChart 4 at 800 x 500 by default; everything works headless
 * ({@code -Djava.awt.headless=true}).
 */
package vae.plot;
