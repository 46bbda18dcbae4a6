// Run by the java-vae kernel at start-up (IJAVA_STARTUP_SCRIPTS_PATH), before the first cell, so
// that no notebook opens with a wall of imports: the JDK's everyday packages, the VAE library's
// packages, Tablesaw's tables and XChart's styler. A notebook imports only what is particular to it
// (e.g. XChart's chart classes for a figure it draws itself).
// Not imported: vae.nn (its Module would hide java.lang.Module) and vae.bench.
import java.util.*;
import java.util.function.*;
import java.util.stream.*;
import java.io.*;
import java.nio.file.*;
import java.awt.image.*;
import vae.check.*;
import vae.data.*;
import vae.eval.*;
import vae.exercise.*;
import vae.linalg.Matrix;
import vae.model.*;
import vae.plot.*;
import vae.prob.*;
import vae.setup.*;
import vae.toy.*;
import vae.train.*;
import tech.tablesaw.api.*;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import org.knowm.xchart.style.Styler;
