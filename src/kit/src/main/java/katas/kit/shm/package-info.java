/**
 * Shared memory between processes for kata 04: {@link katas.kit.shm.Segment}, a named block of memory that
 * several JVMs map, the analogue of Python's {@code multiprocessing.shared_memory.SharedMemory}.
 *
 * <p>What lives in the segment (a counter, a semaphore) and how it is read and written is the learner's: the kit
 * gives only the file, its name, its permissions, its header and its cleanup.
 */
package katas.kit.shm;
