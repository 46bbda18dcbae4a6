// Run at start-up after startup.jsh, by start-kernel.sh, only when the copy's library is built
// (otherwise its imports could only fail): the VAE library's packages, Tablesaw's tables and
// XChart's styler, so that no notebook opens with a wall of imports. A notebook imports only what
// is particular to it (e.g. XChart's chart classes for a figure it draws itself).
// Not imported: vae.nn (its Module would hide java.lang.Module) and vae.bench.
import vae.check.*;
import vae.data.*;
import vae.eval.*;
import vae.exercise.*;
import vae.linalg.Matrix;
import vae.model.*;
import vae.plot.*;
import vae.prob.*;
import vae.run.RunLog;
import vae.setup.*;
import vae.toy.*;
import vae.train.*;
import tech.tablesaw.api.*;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import org.knowm.xchart.style.Styler;
