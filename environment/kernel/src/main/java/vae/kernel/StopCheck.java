package vae.kernel;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.HashSet;
import java.util.Set;

/**
 * The stop button where {@code Thread.stop} is gone (Java 20+): every class a cell defines is
 * rewritten so that each method, and each backward branch (the end of every loop), first
 * calls {@link #check()}, which throws {@link Stopped} once a stop was asked for. This is
 * what JDK 25's own in-process JShell engine does; ASM does it here on Java 17 to 25.
 * Code in libraries is not rewritten: a long library call ends at its next return to the
 * cell's code (or at once, if it sleeps or waits: the cell's thread is interrupted too).
 */
public final class StopCheck {
    private static final String OWNER = StopCheck.class.getName().replace('.', '/');
    private static volatile boolean stopRequested;

    private StopCheck() {
    }

    /** Called by the rewritten cell code; public because that code is in another class loader. */
    public static void check() {
        if (stopRequested) {
            throw new Stopped();
        }
    }

    static void request() {
        stopRequested = true;
    }

    static void clear() {
        stopRequested = false;
    }

    /** What a stopped cell throws: an Error, so that the cell's catch (Exception e) lets it by. */
    public static final class Stopped extends Error {
        Stopped() {
            super("the cell was stopped", null, false, false);
        }
    }

    /** The class file with the checks woven in. */
    static byte[] instrument(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        // No frames to compute: a call of a ()V method changes neither the stack nor the locals,
        // and the frames sit at branch targets, which do not move relative to their code.
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    private final Set<Label> seen = new HashSet<>();

                    @Override
                    public void visitCode() {
                        super.visitCode();
                        checkHere();
                    }

                    @Override
                    public void visitLabel(Label label) {
                        seen.add(label);
                        super.visitLabel(label);
                    }

                    @Override
                    public void visitJumpInsn(int opcode, Label label) {
                        if (seen.contains(label)) { // a backward branch: a loop
                            checkHere();
                        }
                        super.visitJumpInsn(opcode, label);
                    }

                    private void checkHere() {
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, "check", "()V", false);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
