using System.Diagnostics;
using System.Globalization;
using Penchant.Core.Recommenders;

namespace Penchant.Bench.Recommenders;

/// <summary>
/// Fit time of each recommender on a real file: <c>fit-timing &lt;u.data-or-Beauty.txt&gt; [--models a,b] [--repeat N]</c>.
/// Reports wall and process CPU time per fit (the machine is shared, so CPU time is the steadier figure).
/// </summary>
public sealed class FitTimingBench : IBench
{
    public string Name => "fit-timing";

    public string Description => "fit time per model on a u.data-style file or Beauty.txt: <file> [--models a,b] [--repeat N]";

    public Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: fit-timing <file> [--models a,b] [--repeat N]");
            return Task.FromResult(2);
        }

        var repeatAt = Array.IndexOf(args, "--repeat");
        var repeat = repeatAt >= 0 ? int.Parse(args[repeatAt + 1], CultureInfo.InvariantCulture) : 3;
        var data = InteractionFiles.Load(args[0], out _, out _);
        Console.WriteLine($"{Path.GetFileName(args[0])}: {data.UserCount} users, {data.ItemCount} items, {data.Matrix.NonZeros} interactions; cores={Environment.ProcessorCount}");
        var process = Process.GetCurrentProcess();
        foreach (var (name, create) in ModelCatalog.Select(args))
        {
            var walls = new List<double>();
            var cpus = new List<double>();
            for (var r = 0; r < repeat; r++)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var model = create().Fit(data, new TrainingContext(Seed: 42));
                walls.Add(sw.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpus.Add((process.TotalProcessorTime - cpu).TotalMilliseconds);
                GC.KeepAlive(model);
            }

            Console.WriteLine($"{name,-12} fit wall ms: {string.Join(" ", walls.Select(w => w.ToString("F0", CultureInfo.InvariantCulture)))}  (min {walls.Min():F0}); cpu ms: {string.Join(" ", cpus.Select(w => w.ToString("F0", CultureInfo.InvariantCulture)))}");
        }

        return Task.FromResult(0);
    }
}
