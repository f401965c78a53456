using BenchmarkDotNet.Running;

namespace Penchant.Bench;

/// <summary>Runs the BenchmarkDotNet micro-benchmarks in this assembly (arguments go to BenchmarkSwitcher).</summary>
public sealed class MicroBench : IBench
{
    public string Name => "micro";

    public string Description => "BenchmarkDotNet micro-benchmarks (pass --filter '*Name*')";

    public Task<int> RunAsync(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(MicroBench).Assembly).Run(args);
        return Task.FromResult(0);
    }
}
