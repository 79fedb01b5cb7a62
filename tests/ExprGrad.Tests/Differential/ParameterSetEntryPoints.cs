using System.Linq.Expressions;

namespace ExprGrad.Tests.Differential;

/// <summary>
/// A positional record of eight parameters, for wrapping any generated program's parameters: slot k holds
/// parameter k, the slots past the program's parameters are doubles it never reads (their gradient is 0).
/// </summary>
public sealed record HarnessRecord<T1, T2, T3, T4, T5, T6, T7, T8>(T1 P1, T2 P2, T3 P3, T4 P4, T5 P5, T6 P6, T7 P7, T8 P8);

/// <summary>One cell per program parameter, which reads the member of its kind; the other two are unread.</summary>
public sealed class HarnessCell
{
    /// <summary>A scalar parameter.</summary>
    public double S;

    /// <summary>A vector parameter. (Not <c>[]</c>, which is one shared empty array: a gradient buffer may not be
    /// the same array as an input.)</summary>
    public double[] V = new double[0];

    /// <summary>A matrix parameter.</summary>
    public double[,] M = new double[0, 0];
}

/// <summary>A class with settable properties: an array of sets, a data member, a nested set with a data member.</summary>
public sealed class HarnessCells
{
    /// <summary>One cell per program parameter.</summary>
    public HarnessCell[] Cells { get; set; } = [];

    /// <summary>Data: copied into the gradient, never differentiated.</summary>
    public string Label { get; set; } = "";
}

/// <summary>The parameter-set forms of the gradient entry points: the program's parameters wrapped into a set,
/// its gradient read back out of the gradient set, in parameter order.</summary>
public static class ParameterSetEntryPoints
{
    /// <summary><c>Grad.Of</c> over a <see cref="HarnessRecord{T1,T2,T3,T4,T5,T6,T7,T8}"/> (a positional record:
    /// the gradient is created through its constructor).</summary>
    public static readonly EntryPoint OfRecord = new("Grad.Of (parameter set: positional record)", true, _ => true, (p, o) =>
    {
        var types = p.Function.Parameters.Select(q => q.Type).Concat(Enumerable.Repeat(typeof(double), 8 - p.Function.Parameters.Count)).ToArray();
        var recordType = typeof(HarnessRecord<,,,,,,,>).MakeGenericType(types);
        var set = Expression.Parameter(recordType, "set");
        var body = Substitute(p.Function, q => Expression.Property(set, "P" + (p.Function.Parameters.IndexOf(q) + 1)));
        var lambda = Expression.Lambda(typeof(Func<,>).MakeGenericType(recordType, typeof(double)), body, set);
        var of = typeof(Grad).GetMethods()
            .Single(m => m.Name == nameof(Grad.Of) && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == 1)
            .MakeGenericMethod(recordType);
        var gradient = (Delegate)EntryPoints.Call(of.CreateDelegate(typeof(Func<,,>).MakeGenericType(lambda.GetType(), typeof(GradientOptions), of.ReturnType)), [lambda, o]);
        return args =>
        {
            var record = Activator.CreateInstance(recordType, [.. args, .. Enumerable.Repeat((object)0.0, 8 - args.Length)])!;
            var result = EntryPoints.Call(gradient, [record]);
            var extra = Enumerable.Range(args.Length + 1, 8 - args.Length).Select(k => (double)recordType.GetProperty("P" + k)!.GetValue(result)!);
            if (extra.Any(d => d != 0)) throw new InvalidOperationException("An unread member of the record got a gradient.");
            return new Answer(null, RenderedProgram.Flatten(Enumerable.Range(1, args.Length).Select(k => recordType.GetProperty("P" + k)!.GetValue(result))));
        };
    });

    /// <summary><c>Grad.ValueAndGradient</c> over <see cref="HarnessCells"/>: parameter k is a member of
    /// <c>Cells[k]</c> (an array of sets, so the program is built for the arguments' structure).</summary>
    public static readonly EntryPoint ValueAndGradientCells = new("Grad.ValueAndGradient (parameter set: array of sets)", true, _ => true, (p, o) =>
    {
        var gradient = Grad.ValueAndGradient(CellsFunction(p), o);
        return args =>
        {
            var (value, g) = gradient(ToCells(args));
            if (g.Label != "data") throw new InvalidOperationException("The gradient set did not copy the data member.");
            return new Answer(value, FromCells(p, g));
        };
    });

    /// <summary><c>Grad.ValueAndGradientInto</c> over <see cref="HarnessCells"/> (any parameter kinds: a
    /// double's gradient is assigned to its member); the gradient set starts with stale contents.</summary>
    public static readonly EntryPoint IntoCells = new("Grad.ValueAndGradientInto (parameter set: array of sets)", true, _ => true, (p, o) =>
    {
        var into = Grad.ValueAndGradientInto(CellsFunction(p), o);
        return args =>
        {
            var cells = ToCells(args);
            var buffers = ToCells(args);
            foreach (var c in buffers.Cells)
            {
                c.S = 123;
                Array.Fill(c.V, 123.0);
                for (int i = 0; i < c.M.GetLength(0); i++)
                    for (int j = 0; j < c.M.GetLength(1); j++) c.M[i, j] = 123;
            }
            var value = into(cells, buffers);
            return new Answer(value, FromCells(p, buffers));
        };
    });

    /// <summary>Every parameter-set adapter.</summary>
    public static IReadOnlyList<EntryPoint> All { get; } = [OfRecord, ValueAndGradientCells, IntoCells];

    /// <summary>The one run under every pass switch: the lowering hands the options to the pipeline unchanged,
    /// which the plain adapters already run under every switch, so one adapter shows they arrive.</summary>
    public static IReadOnlyList<EntryPoint> PerPass { get; } = [IntoCells];

    private static Expression<Func<HarnessCells, double>> CellsFunction(RenderedProgram p)
    {
        var set = Expression.Parameter(typeof(HarnessCells), "set");
        var body = Substitute(p.Function, q =>
        {
            var cell = Expression.ArrayIndex(Expression.Property(set, nameof(HarnessCells.Cells)), Expression.Constant(p.Function.Parameters.IndexOf(q)));
            return Expression.Field(cell, q.Type == typeof(double) ? "S" : q.Type == typeof(double[]) ? "V" : "M");
        });
        return Expression.Lambda<Func<HarnessCells, double>>(body, set);
    }

    private static HarnessCells ToCells(object[] args) => new()
    {
        Label = "data",
        Cells = [.. args.Select(a => a switch
        {
            double s => new HarnessCell { S = s },
            double[] v => new HarnessCell { V = (double[])v.Clone() },
            double[,] m => new HarnessCell { M = (double[,])m.Clone() },
            _ => throw new ArgumentException("Not a parameter kind."),
        })],
    };

    private static double[] FromCells(RenderedProgram p, HarnessCells g) =>
        RenderedProgram.Flatten(p.Function.Parameters.Select((q, k) =>
            q.Type == typeof(double) ? g.Cells[k].S : q.Type == typeof(double[]) ? g.Cells[k].V : (object)g.Cells[k].M));

    private static Expression Substitute(LambdaExpression f, Func<ParameterExpression, Expression> replacement) =>
        ParameterSubstitution.Apply(f.Body, f.Parameters.ToDictionary(q => q, replacement));
}
