package dev.popdyn.jobs.snapshot;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * An in-process HDFS for tests, as in {@link HdfsStorageTest}: one NameNode and one DataNode on 127.0.0.1 with
 * ephemeral ports, their storage under a test folder. Close it to stop both.
 */
public final class MiniHdfs implements AutoCloseable {
    private final MiniDFSCluster cluster;

    private MiniHdfs(MiniDFSCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts the cluster with its storage in {@code base} and waits until it accepts writes. */
    public static MiniHdfs start(Path base) throws IOException {
        Configuration c = new Configuration();
        c.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        c.set("dfs.namenode.http-address", "127.0.0.1:0");
        c.set("dfs.datanode.address", "127.0.0.1:0");
        c.set("dfs.datanode.http.address", "127.0.0.1:0");
        c.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(c).numDataNodes(1).build();
        cluster.waitActive();
        return new MiniHdfs(cluster);
    }

    /** {@code hdfs://127.0.0.1:PORT}, without a trailing slash. */
    public String uri() {
        return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
    }

    /** A client of this file system. */
    public FileSystem fs() throws IOException {
        return FileSystem.get(URI.create(uri()), new Configuration());
    }

    /** The running cluster (for quotas and the like). */
    public MiniDFSCluster cluster() {
        return cluster;
    }

    @Override
    public void close() {
        cluster.shutdown();
    }
}
