// Run by the java-vae kernel at start-up (IJAVA_STARTUP_SCRIPTS_PATH), before the first cell:
// the JDK's everyday packages. The library's packages follow in library.jsh when the copy's
// library is built (start-kernel.sh), so that no notebook opens with a wall of imports.
import java.util.*;
import java.util.function.*;
import java.util.stream.*;
import java.io.*;
import java.nio.file.*;
import java.awt.image.*;
