/// An untranslatable construct raises a NotSupportedException naming it, never a NullReferenceException.
module ExprGrad.FSharp.Tests.ErrorTests

open System
open Xunit
open ExprGrad
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

type Pair = { A: float; B: float }

type Shape =
    | Circle of float
    | Square of float

let square (x: float) = x * x
let squareValue = fun (x: float) -> x * x

[<Fact>]
let ``loops and mutation the translation cannot express are named`` () =
    // A loop over a filtered list literal is lowered now: s = 1·x, so ds/dx = 1.
    Assert.Equal(1.0, grad <@ fun x -> let mutable s = 0.0 in (for v in Seq.filter (fun v -> v > 0.5) [ 0.0; 1.0 ] do s <- s + v * x); s @> 2.0)
    rejects "write into an array that no name holds" (fun () -> box (grad <@ fun (x: float[]) -> (if x[0] > 0.0 then x else x)[0] <- 2.0; x[0] @>))
    rejects "second name 'z' for the array 'y', which is written" (fun () -> box (grad <@ fun x -> let y = Array.zeroCreate 1 in let mutable z = y in z[0] <- x; y[0] @>))
    rejects "'while' condition that assigns" (fun () -> box (grad <@ fun x -> let mutable s = x in (while (s <- s + 1.0; s < 3.0) do ()); s @>))

[<Fact>]
let ``recursion and unions are named`` () =
    rejects "'f', called with an argument read from a value bound inside the expression around the call" (fun () -> box (grad <@ fun x -> let rec f n = if n <= 0 then x else x * (let m = n - 1 in f m) + f (n - 2) in f 3 @>))
    rejects "union value ('Circle') kept whole" (fun () -> box (grad <@ fun (x: float) -> float (string (Circle x)).Length * x @>))

[<Fact>]
let ``opaque F# functions are named with the fix`` () =
    rejects "square" (fun () -> box (grad <@ fun x -> square x @>))
    rejects "squareValue" (fun () -> box (grad <@ fun x -> squareValue x @>))

[<Fact>]
let ``a tuple input used as a whole is named`` () =
    rejects "tuple input used as a whole" (fun () -> box (grad <@ fun (p: float * float) -> fst p * snd p @>))

[<Fact>]
let ``an input type other than float, float[] and float[,] is an argument error`` () =
    let ex = Assert.Throws<ArgumentException>(fun () -> grad <@ fun (s: string) -> float s.Length @> |> ignore)
    Assert.Contains("System.String", ex.Message)

[<Fact>]
let ``errors give the F# fix, not a C# registration`` () =
    let opaque = Assert.ThrowsAny<NotSupportedException>(fun () -> grad <@ fun (w: float[]) -> square w[0] @> |> ignore)
    Assert.Contains("[<ReflectedDefinition>]", opaque.Message)
    let opaqueInHessian = Assert.ThrowsAny<NotSupportedException>(fun () -> hessian <@ fun (w: float[]) -> square w[0] @> [| 1.0 |] |> ignore)
    Assert.Contains("[<ReflectedDefinition>]", opaqueInHessian.Message)
    // An F# Set (no derivative through it): Array.sortInPlace, the example before, is now lowered.
    let scan = Assert.ThrowsAny<NotSupportedException>(fun () -> grad <@ fun (w: float[]) -> Set.maxElement (Set.ofArray w) @> [| 1.0 |] |> ignore)
    Assert.Contains("F#'s Set.ofArray", scan.Message)
    Assert.Contains("Array.zeroCreate", scan.Message)
    rejects "an F# list" (fun () -> box (grad <@ fun (w: float[]) -> List.sum (w[0] :: List.tail [ w[1]; w[0] ]) @>))
    rejects "a nested 'gradcheck'" (fun () -> box (grad <@ fun (w: float[]) -> (if (gradcheck <@ fun (u: float[]) -> u[0] * u[0] @> w).Passed then 1.0 else 0.0) * w[0] @>))

[<Fact>]
let ``messages write the construct as F#, not as a dump of the quotation`` () =
    let catch = Assert.ThrowsAny<NotSupportedException>(fun () -> grad <@ fun (x: float) -> try sqrt x with e -> float e.Message.Length @> |> ignore)
    Assert.Contains("try sqrt x with … -> ", catch.Message)
    Assert.DoesNotContain("Call (", catch.Message)
    let byteref = Assert.ThrowsAny<NotSupportedException>(fun () -> grad <@ fun (p: float * float) -> fst p * snd p @> |> ignore)
    Assert.DoesNotContain("TupleGet", byteref.Message)

[<Fact>]
let ``a .NET method returning void is named with the F# fix`` () =
    let ex = Assert.ThrowsAny<NotSupportedException>(fun () -> grad <@ fun (x: float) -> Console.WriteLine "step"; x * x @> |> ignore)
    Assert.Contains("Console.WriteLine", ex.Message)
    Assert.Contains("printfn", ex.Message)
    Assert.DoesNotContain("Derivatives.Register", ex.Message)
