import { useEffect } from 'react';
import { TooltipProvider } from './components/tooltip';
import { Shell } from './features/shell/Shell';
import { useAppStore } from './store';

export function App() {
  const init = useAppStore((s) => s.init);
  useEffect(() => {
    void init();
  }, [init]);
  return (
    <TooltipProvider delayDuration={300}>
      <Shell />
    </TooltipProvider>
  );
}
