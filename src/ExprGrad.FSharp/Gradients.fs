namespace ExprGrad.FSharp

open System
open System.Linq.Expressions
open Microsoft.FSharp.Quotations
open ExprGrad

/// Gradients of F# quotations. The input is a float, a float[], a float[,], a float list, a record of parameters
/// (floats, arrays, nested records: a parameter set) or a tuple of up to 8 of them; the gradient has the input's own type. Differentiation is done by the ExprGrad core: this module only
/// translates the quotation. Values the quotation captures follow F# semantics: a local value is copied into
/// the quotation when it is created, while a module-level value (a script's `let mutable` too) and the
/// contents of a ref cell are read each time the gradient is called.
[<AutoOpen>]
module Gradients =

    /// Builds `input => toInputForm(core(arguments(input)))`, compiled once.
    let private compile<'T, 'R> (f: Expr<'T -> float>) (withValue: bool) : 'T -> 'R =
        if isNull (box f) then nullArg "f"
        let types = InputShape.parameterTypes typeof<'T>
        let lambda = QuotationTranslation.toLambda f.Raw types
        let input = Expression.Parameter(typeof<'T>, "input")
        let arguments = InputShape.arguments input types.Length
        let result =
            // A record input is a parameter set, which the core takes through its compiled entry points only.
            if types |> Array.exists Reflection.FSharpType.IsRecord then
                let core = CoreEntryPoints.call (if withValue then "ValueAndGradient" else "Of") types lambda
                Expression.Invoke(Expression.Constant(core, core.GetType()), arguments) :> Expression
            else
                let core = FSharpErrors.guard (fun () -> if withValue then Grad.ValueAndGradientExpression lambda else Grad.GradientExpression lambda)
                Expression.Invoke(core, arguments) :> Expression
        let body =
            if withValue then
                let r = Expression.Variable(result.Type, "result")
                let gradient = InputShape.toInputForm typeof<'T> types.Length (Expression.Field(r, "Item2"))
                Expression.Block(
                    [ r ],
                    Expression.Assign(r, result) :> Expression,
                    InputShape.newTuple typeof<float * 'T> [ Expression.Field(r, "Item1"); gradient ]) :> Expression
            else InputShape.toInputForm typeof<'T> types.Length result
        let compiled = Expression.Lambda<Func<'T, 'R>>(body, [ input ]).Compile()
        compiled.Invoke

    /// <summary>The gradient of a quotation <c>&lt;@ fun x -&gt; … @&gt;</c> or <c>&lt;@ fun (x, y, …) -&gt; … @&gt;</c>.</summary>
    /// <param name="f">The function: its input is float, float[], float[,], float list, a record of parameters or a tuple of up to 8 of them.</param>
    /// <returns>A function from a point to the gradient there, of the input's type; compiled once, thread-safe.</returns>
    /// <exception cref="T:System.ArgumentException">The input type is not one of the above.</exception>
    /// <exception cref="T:System.NotSupportedException">The quotation holds a construct that cannot be translated or differentiated; the message names it.</exception>
    /// <example><code>grad &lt;@ fun (x, y) -&gt; x * y @&gt; (3.0, 4.0) = (4.0, 3.0)</code></example>
    let grad (f: Expr<'T -> float>) : 'T -> 'T = compile<'T, 'T> f false

    /// <summary>The value and the gradient of a quotation, computed in one pass.</summary>
    /// <param name="f">The function: its input is float, float[], float[,], float list, a record of parameters or a tuple of up to 8 of them.</param>
    /// <returns>A function from a point to <c>(value, gradient)</c>; compiled once, thread-safe.</returns>
    /// <exception cref="T:System.ArgumentException">The input type is not one of the above.</exception>
    /// <exception cref="T:System.NotSupportedException">The quotation holds a construct that cannot be translated or differentiated; the message names it.</exception>
    let valueAndGrad (f: Expr<'T -> float>) : 'T -> float * 'T = compile<'T, float * 'T> f true
