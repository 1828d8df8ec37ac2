/**
 * Child JVMs for the process katas: the analogue of Python's {@code multiprocessing.Process}.
 *
 * <ul>
 *   <li>{@link katas.kit.process.ChildJvm}: configure and start a Java main class in a child JVM;</li>
 *   <li>{@link katas.kit.process.ChildProcess}: the running child: join, exit code, captured output, pipes,
 *       kill, close;</li>
 *   <li>{@link katas.kit.process.ChildMain}: what runs first in the child; it ends the child when the parent
 *       dies, and runs cleanup hooks then;</li>
 *   <li>{@link katas.kit.process.KitFiles}: private scratch directories, the {@code katas-<pid>-<run>-} file
 *       names that the hygiene checks look for, and the run id a JVM shares with the child JVMs it starts.</li>
 * </ul>
 */
package katas.kit.process;
