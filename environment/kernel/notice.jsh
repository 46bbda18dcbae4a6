// Run at start-up by start-kernel.sh, before the notebook's first cell, whose output this
// prints into: which copy of the series the kernel runs on when the notebook is outside any
// copy (VAE_KERNEL_NOTICE, set by launcher.sh), and what is missing when the copy is not
// built (VAE_KERNEL_PROBLEM). No variables, so nothing lands in the notebook's namespace.
if (System.getenv("VAE_KERNEL_NOTICE") != null && !System.getenv("VAE_KERNEL_NOTICE").isEmpty()) System.out.println(System.getenv("VAE_KERNEL_NOTICE"));
if (System.getenv("VAE_KERNEL_PROBLEM") != null && !System.getenv("VAE_KERNEL_PROBLEM").isEmpty()) System.err.println(System.getenv("VAE_KERNEL_PROBLEM"));
