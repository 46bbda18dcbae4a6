// Run at start-up when the library is built: ThisCopy.current() in any notebook says which
// copy of the series, at which commit, the kernel runs on.
import vae.setup.ThisCopy;
