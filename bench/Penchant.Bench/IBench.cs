namespace Penchant.Bench;

/// <summary>
/// One benchmark or quality run, found by reflection: add a class implementing this and it is listed.
/// BenchmarkDotNet micro-benchmarks are reached through the "micro" bench.
/// </summary>
public interface IBench
{
    /// <summary>The name typed on the command line.</summary>
    string Name { get; }

    /// <summary>One line saying what it measures.</summary>
    string Description { get; }

    /// <summary>Runs it; returns the process exit code.</summary>
    Task<int> RunAsync(string[] args);
}
