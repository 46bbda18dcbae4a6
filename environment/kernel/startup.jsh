// Run by the java-vae kernel at start-up (IJAVA_STARTUP_SCRIPTS_PATH), before the first cell.
// JDK imports only; the project's own packages are added here as the library grows.
import java.util.*;
import java.util.function.*;
import java.util.stream.*;
import java.io.*;
import java.nio.file.*;
import java.awt.image.*;
